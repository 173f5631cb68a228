// Command app-go uses the generated dbgen types (compiled in CI; see ../README.md).
package main

import (
	"fmt"

	"pgfluxexample/dbgen"
)

func main() {
	u := dbgen.User{ID: dbgen.UserId(1), Email: "ada@example.com", Role: dbgen.RoleAdmin, Handle: "ada"}
	p := dbgen.PostInsert{AuthorID: u.ID, Title: "Hello", Tags: dbgen.Some([]*string{})}
	fmt.Println(u.Role.Valid(), p.AuthorID, dbgen.AllRoleValues())
}
