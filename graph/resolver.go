// Package graph is the GraphQL edge of the API: the schema (graph/schema), gqlgen's generated code,
// and thin resolvers that turn arguments into calls of the application services and their results
// into GraphQL types. Permission rules and SQL live elsewhere (server/policy, server/postgres).
package graph

import (
	"zeroaccident/server/accounts"
	"zeroaccident/server/events"
	"zeroaccident/server/files"
	"zeroaccident/server/grids"
	"zeroaccident/server/reference"
	"zeroaccident/server/registry"
	"zeroaccident/server/report"
	"zeroaccident/server/todo"
	"zeroaccident/server/workbench"
)

// Resolver holds the application services the resolvers call.
type Resolver struct {
	Files       *files.Service
	Reference   *reference.Service
	Accounts    *accounts.Service
	Registry    *registry.Service
	Events      *events.Service
	Report      *report.Service
	Workbench   *workbench.Service
	GridService *grids.Service
	TodoService *todo.Service
}
