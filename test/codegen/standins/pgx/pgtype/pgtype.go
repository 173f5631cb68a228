// Package pgtype is a stand-in for pgx v5's pgtype: the type names generated code uses, each
// able to hold NULL (Valid), as the real ones are. It exists only to compile generated code.
package pgtype

type Numeric struct{ Valid bool }
type UUID struct {
	Bytes [16]byte
	Valid bool
}
type Time struct{ Valid bool }
type Interval struct{ Valid bool }
type Date struct{ Valid bool }
type Timestamp struct{ Valid bool }
type Timestamptz struct{ Valid bool }
type Int2 struct{ Valid bool }
type Int4 struct{ Valid bool }
type Int8 struct{ Valid bool }
type Float4 struct{ Valid bool }
type Float8 struct{ Valid bool }
type Bool struct{ Valid bool }
type Text struct{ Valid bool }
type Point struct{ Valid bool }
type Circle struct{ Valid bool }
type Line struct{ Valid bool }
type Lseg struct{ Valid bool }
type Box struct{ Valid bool }
type Path struct{ Valid bool }
type Polygon struct{ Valid bool }
type Bits struct{ Valid bool }
type Range[T any] struct {
	Lower, Upper T
	Valid        bool
}

// Multirange is a slice of ranges (nil is NULL), as in pgx v5.
type Multirange[T any] []T

// Type and Map: what RegisterTypes (generated for composite and range types) calls.
type Type struct {
	Name string
	OID  uint32
}
type Map struct{ types map[string]*Type }

func (m *Map) RegisterType(t *Type) {
	if m.types == nil {
		m.types = map[string]*Type{}
	}
	m.types[t.Name] = t
}
