package accounts

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"zeroaccident/server/postgres"
)

// SessionChannel is the PostgreSQL NOTIFY channel on which changes to what the session check reads
// are announced (migration 00030): the payload is a user's id, or "*" for everyone.
const SessionChannel = "za_session"

// SessionCacheTTL bounds how long a session check's result is reused. The notifications make it
// exact; the bound only limits what a notification lost in spite of a live connection could cost.
const SessionCacheTTL = 10 * time.Second

type sessionKey struct {
	user    int64
	session uuid.UUID
}

type cachedPrincipal struct {
	p       postgres.Principal
	expires time.Time
}

// sessionCache keeps the results of the session check while the server listens for their changes.
// While it does not listen (start-up, a lost connection) it keeps nothing, so every check reads the
// database, as without the cache.
type sessionCache struct {
	mu        sync.Mutex
	listening bool
	// generation changes with every invalidation, so a result read before one is not stored after it
	generation uint64
	entries    map[sessionKey]cachedPrincipal
	// waiters hear about the next notification for a user (WaitSessionChange, for tests)
	waiters map[int64][]chan struct{}
	// heard is closed once the first LISTEN is in place (WaitWatching)
	heard     chan struct{}
	heardOnce sync.Once
}

func newSessionCache() *sessionCache {
	return &sessionCache{entries: map[sessionKey]cachedPrincipal{}, waiters: map[int64][]chan struct{}{}, heard: make(chan struct{})}
}

// get returns the cached principal, or reads it with load and keeps it if nothing changed meanwhile.
func (c *sessionCache) get(ctx context.Context, user int64, session uuid.UUID, now time.Time,
	load func(context.Context, int64, uuid.UUID) (postgres.Principal, error)) (postgres.Principal, error) {
	k := sessionKey{user, session}
	c.mu.Lock()
	if e, ok := c.entries[k]; ok && c.listening && now.Before(e.expires) {
		c.mu.Unlock()
		return e.p, nil
	}
	gen, listening := c.generation, c.listening
	c.mu.Unlock()
	p, err := load(ctx, user, session)
	if err != nil || !listening {
		return p, err
	}
	c.mu.Lock()
	if c.listening && c.generation == gen {
		c.entries[k] = cachedPrincipal{p: p, expires: now.Add(SessionCacheTTL)}
	}
	c.mu.Unlock()
	return p, nil
}

// forget drops what is kept for one user ("*" or an unreadable payload: for everyone).
func (c *sessionCache) forget(payload string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	user, err := strconv.ParseInt(payload, 10, 64)
	if err != nil {
		clear(c.entries)
		for u, ws := range c.waiters {
			for _, w := range ws {
				close(w)
			}
			delete(c.waiters, u)
		}
		return
	}
	for k := range c.entries {
		if k.user == user {
			delete(c.entries, k)
		}
	}
	for _, w := range c.waiters[user] {
		close(w)
	}
	delete(c.waiters, user)
}

func (c *sessionCache) setListening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listening = on
	c.generation++
	clear(c.entries)
	if on {
		c.heardOnce.Do(func() { close(c.heard) })
	}
}

func (c *sessionCache) waiter(user int64) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := make(chan struct{})
	c.waiters[user] = append(c.waiters[user], w)
	return w
}

// WatchSessions lets the session check reuse its results for up to SessionCacheTTL, for as long as
// it listens for their changes on SessionChannel; it returns when ctx ends. Without it every
// request reads the database. Changes made through this service are forgotten at once as well.
func (s *Service) WatchSessions(ctx context.Context) {
	s.db.Listen(ctx, SessionChannel, s.sessions.setListening, s.sessions.forget, func(err error) {
		s.log.WarnContext(ctx, "session changes not heard: checking every request against the database until the connection is back", "err", err)
	})
}

// WaitSessionChange returns a channel that is closed when the next change to the user's sessions
// has been heard (tests use it to see that a change made in SQL alone reaches the cache).
func (s *Service) WaitSessionChange(userID int64) <-chan struct{} {
	return s.sessions.waiter(userID)
}

// sessionsChanged forgets at once what is kept for a user whose sessions this service has just
// changed: the notification of the same change may arrive a moment after the next request.
func (s *Service) sessionsChanged(userID int64) {
	s.sessions.forget(strconv.FormatInt(userID, 10))
}

// WaitWatching returns a channel that is closed once WatchSessions listens.
func (s *Service) WaitWatching() <-chan struct{} { return s.sessions.heard }
