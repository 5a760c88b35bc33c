// Package reqinfo carries what the HTTP layer knows about a request (its id and the client's
// address) through the context, so logs, error responses, audit rows and login throttling can use it
// without depending on the HTTP layer.
package reqinfo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

type info struct{ id, clientIP string }

type key struct{}

// NewID returns a random 16-hex-digit request id.
func NewID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// With returns a context carrying the request's id and client address.
func With(ctx context.Context, id, clientIP string) context.Context {
	return context.WithValue(ctx, key{}, info{id: id, clientIP: clientIP})
}

// ID returns the request id, or "" outside a request.
func ID(ctx context.Context) string {
	i, _ := ctx.Value(key{}).(info)
	return i.id
}

// ClientIP returns the client's address, or "" outside a request.
func ClientIP(ctx context.Context) string {
	i, _ := ctx.Value(key{}).(info)
	return i.clientIP
}
