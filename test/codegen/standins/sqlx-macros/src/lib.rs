//! Stand-in derives: `FromRow` and `Type` with the `sqlx` helper attribute; they emit nothing.
extern crate proc_macro;
use proc_macro::TokenStream;

#[proc_macro_derive(FromRow, attributes(sqlx))]
pub fn derive_from_row(_item: TokenStream) -> TokenStream {
    TokenStream::new()
}

#[proc_macro_derive(Type, attributes(sqlx))]
pub fn derive_type(_item: TokenStream) -> TokenStream {
    TokenStream::new()
}
