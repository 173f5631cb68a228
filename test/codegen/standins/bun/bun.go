// Package bun is a stand-in for github.com/uptrace/bun: the BaseModel generated code embeds.
package bun

type BaseModel struct{}
