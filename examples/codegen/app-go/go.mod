module pgfluxexample

go 1.19

require github.com/jackc/pgx/v5 v5.0.0

// pgx v5 has no Debian package and the Go module proxy is not used here: CI builds against the
// pgtype stand-in. In a real project, drop this line and `go get github.com/jackc/pgx/v5`.
replace github.com/jackc/pgx/v5 => ../../../test/codegen/standins/pgx
