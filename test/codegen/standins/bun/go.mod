// A stand-in for github.com/uptrace/bun: only BaseModel, which generated models embed. Not bun.
module github.com/uptrace/bun

go 1.19
