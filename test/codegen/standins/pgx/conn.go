// Package pgx is a stand-in for github.com/jackc/pgx/v5: only the connection methods generated
// code calls (LoadType, TypeMap, for RegisterTypes). It exists only to compile generated code.
package pgx

import (
	"context"

	"github.com/jackc/pgx/v5/pgtype"
)

// Conn stands in for *pgx.Conn.
type Conn struct{ typeMap pgtype.Map }

// LoadType stands in for pgx's LoadType (which reads the type's definition from the server).
func (c *Conn) LoadType(ctx context.Context, typeName string) (*pgtype.Type, error) {
	return &pgtype.Type{Name: typeName}, ctx.Err()
}

// TypeMap returns the connection's type map.
func (c *Conn) TypeMap() *pgtype.Map { return &c.typeMap }
