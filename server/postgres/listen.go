package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Listen keeps one connection of the pool LISTENing on channel until ctx ends and calls handle with
// the payload of every notification, in order. listening(true) is called once the LISTEN is in
// place and listening(false) when the connection is lost: notifications sent in between are
// missed, so a caller that caches on the strength of them must stop trusting its cache until the
// next listening(true). A lost connection is replaced after a pause (100 ms doubling up to 5 s);
// onError hears why it was lost.
func (db *DB) Listen(ctx context.Context, channel string, listening func(bool), handle func(payload string), onError func(error)) {
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		started := time.Now()
		err := db.listenOnce(ctx, channel, listening, handle)
		listening(false)
		if ctx.Err() != nil {
			return
		}
		onError(err)
		if time.Since(started) > time.Minute {
			pause = 100 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context, channel string, listening func(bool), handle func(string)) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", channel, err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("listen on %s: the pool's connections are %T, not pgx", channel, driverConn)
		}
		pc := sc.Conn()
		// the connection never goes back to the pool still listening
		defer pc.Close(context.Background())
		if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
			return fmt.Errorf("listen on %s: %w", channel, err)
		}
		listening(true)
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				if errors.Is(err, context.Canceled) && ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("listen on %s: %w", channel, err)
			}
			handle(n.Payload)
		}
	})
}
