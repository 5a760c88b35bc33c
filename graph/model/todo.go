package model

// Todo is the caller's to-do list; its fields are resolved on demand.
type Todo struct{}
