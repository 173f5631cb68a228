//! Stand-in for sqlx: the derive macros and the type paths generated code uses.
pub use sqlx_macros_standin::{FromRow, Type};

pub mod postgres {
    pub mod types {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Oid(pub u32);
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct PgMoney(pub i64);
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct PgTimeTz;
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct PgInterval { pub months: i32, pub days: i32, pub microseconds: i64 }
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct PgRange<T> { pub start: std::ops::Bound<T>, pub end: std::ops::Bound<T> }
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct PgPoint { pub x: f64, pub y: f64 }
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct PgCircle { pub x: f64, pub y: f64, pub radius: f64 }
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct PgLine;
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct PgLSeg;
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct PgBox;
        #[derive(Debug, Clone, PartialEq)]
        pub struct PgPath;
        #[derive(Debug, Clone, PartialEq)]
        pub struct PgPolygon;
    }
}

pub mod types {
    pub mod ipnetwork {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct IpNetwork;
    }
    pub mod mac_address {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct MacAddress;
    }
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BitVec;
}
