// Package migrations owns the database schema: numbered goose SQL files, embedded so the server
// binary can apply them at start-up or with `server migrate`.
package migrations

import "embed"

//go:embed *.sql
var FS embed.FS
