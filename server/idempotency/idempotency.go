// Package idempotency makes retried mutations safe: a request carrying an Idempotency-Key header
// writes at most once per user and key, and a retry with the same key and body gets the first
// answer back, on any replica. The key is inserted in the same transaction as the mutation's
// writes (postgres.WithTx), so either both commit or neither does: a request cut by a database
// restart is retried without writing twice, and a key whose first attempt failed can be reused.
package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"zeroaccident/server/campaign"
	"zeroaccident/server/postgres"
)

// Header is the request header clients send the key in.
const Header = "Idempotency-Key"

// Retention is how long keys are kept: at least the 7 days an offline phone may take to retry.
const Retention = 8 * 24 * time.Hour

// Error codes of the answers only this package gives.
const (
	// CodeKeyReused: the key was used before with another request body.
	CodeKeyReused = "IDEMPOTENCY_KEY_REUSED"
	// CodeAlreadyApplied: the key's request was carried out, but its answer was not kept (the
	// server stopped between the commit and storing it) or is still being written.
	CodeAlreadyApplied = "ALREADY_APPLIED"
)

// ErrAlreadyApplied is what the guarded mutation answers when another request with the key
// committed first.
var ErrAlreadyApplied = &campaign.Error{Code: CodeAlreadyApplied, Message: "该请求已处理，请刷新查看结果 (this request was already carried out: reload to see its result)"}

// Service keeps the keys.
type Service struct{ store store }

// New returns the service on db.
func New(db *postgres.DB) *Service { return &Service{store: store{db: db}} }

// Hash identifies a request body.
func Hash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Prior is what an earlier request with the key left.
type Prior struct {
	Found    bool
	Hash     string
	Response []byte
}

// Lookup returns what an earlier request of the user with key left.
func (s *Service) Lookup(ctx context.Context, userID int64, key string) (Prior, error) {
	return s.store.lookup(ctx, userID, key)
}

// Store keeps the answer of the request that committed the key.
func (s *Service) Store(ctx context.Context, userID int64, key string, response []byte) error {
	return s.store.setResponse(ctx, userID, key, response)
}

// Cleanup deletes the keys older than Retention.
func (s *Service) Cleanup(ctx context.Context) (int64, error) {
	return s.store.deleteBefore(ctx, time.Now().Add(-Retention))
}

// Request is one keyed request in flight.
type Request struct {
	svc    *Service
	UserID int64
	Key    string
	Hash   string

	mu        sync.Mutex
	started   bool
	Committed bool
}

type requestKey struct{}

// WithRequest returns ctx carrying the keyed request r.
func (s *Service) WithRequest(ctx context.Context, userID int64, key, hash string) (context.Context, *Request) {
	r := &Request{svc: s, UserID: userID, Key: key, Hash: hash}
	return context.WithValue(ctx, requestKey{}, r), r
}

// FromContext returns the keyed request of ctx, or nil.
func FromContext(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// Guard runs a mutation's resolver in one transaction with the key: the key is inserted first
// (waiting, on the primary key, for a concurrent request with the key to finish), and when
// another request committed it the resolver does not run. A keyed operation has one mutation.
func (r *Request) Guard(ctx context.Context, resolve func(context.Context) (any, error)) (any, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return nil, campaign.Invalid(Header, "带幂等键的请求只能包含一个变更 (a request with an Idempotency-Key holds one mutation)")
	}
	r.started = true
	var res any
	err := r.svc.store.db.InTx(ctx, func(tx *postgres.DB) error {
		// the resolver's children run after the commit, with the context it got: end the
		// transaction's hold on it first
		ctx, end := postgres.WithTx(ctx, tx)
		defer end()
		fresh, err := r.svc.store.reserve(ctx, r.UserID, r.Key, r.Hash)
		if err != nil {
			return err
		}
		if !fresh {
			return ErrAlreadyApplied
		}
		res, err = resolve(ctx)
		return err
	})
	if err != nil {
		var ce *campaign.Error
		if !errors.As(err, &ce) {
			err = fmt.Errorf("idempotent mutation: %w", err)
		}
		return nil, err
	}
	r.Committed = true
	return res, nil
}
