// A stand-in for github.com/jackc/pgx/v5 (no Debian package; the Go proxy is not used here):
// only package pgtype (the type names generated code uses) and the two Conn methods RegisterTypes
// calls (LoadType, TypeMap). Not the real pgx.
module github.com/jackc/pgx/v5

go 1.19
