// Package auth holds the credential primitives of the API: argon2id password
// hashes, HS256 access tokens and opaque refresh tokens.
//
// It is pure on purpose: no database, no HTTP, no GraphQL. The store keeps
// password hashes and refresh-token hashes; the HTTP layer turns a verified
// access token into an actor in the request context, so nothing downstream
// ever sees a token.
package auth
