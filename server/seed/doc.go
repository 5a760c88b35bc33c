// Package seed loads data into a migrated database: the plan's reference data (idempotently, so it
// can run on every deployment) and, on request, demo users and demo data.
package seed
