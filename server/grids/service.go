package grids

import (
	"context"
	"strconv"

	"zeroaccident/server/campaign"
	"zeroaccident/server/policy"
	"zeroaccident/server/postgres"
)

// Service is the grids application service.
type Service struct {
	db *postgres.DB
	st store
}

// New returns the grids service.
func New(db *postgres.DB) *Service { return &Service{db: db, st: store{db: db}} }

// Grids lists the grids in the caller's grid scope matching f, by id. Any signed-in user (a
// department user sees none). Errors: UNAUTHENTICATED.
func (s *Service) Grids(ctx context.Context, f Filter, afterID int64, limit int) ([]campaign.Grid, int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, 0, err
	}
	sc := policy.GridReadScope(a)
	list, err := s.st.page(ctx, sc, f, afterID, limit)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.st.count(ctx, sc, f)
	return list, n, err
}

// Grid returns one grid in the caller's scope. Errors: UNAUTHENTICATED, NOT_FOUND.
func (s *Service) Grid(ctx context.Context, id int64) (campaign.Grid, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Grid{}, err
	}
	m, err := s.st.byID(ctx, []int64{id})
	if err != nil {
		return campaign.Grid{}, err
	}
	g, ok := m[id]
	if !ok || !policy.CanReadGrid(a, g) {
		return campaign.Grid{}, campaign.ErrNotFound
	}
	return g, nil
}

// GridsByID loads grids for the batch loaders, keeping only those in the caller's scope.
func (s *Service) GridsByID(ctx context.Context, ids []int64) (map[int64]campaign.Grid, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.st.byID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, g := range m {
		if !policy.CanReadGrid(a, g) {
			delete(m, id)
		}
	}
	return m, nil
}

// WorkersByGrid loads the active workers of each grid (for grids already checked), in two statements.
func (s *Service) WorkersByGrid(ctx context.Context, grids []int64) (map[int64][]campaign.User, error) {
	return policy.SignedIn(ctx, func() (map[int64][]campaign.User, error) {
		ids, err := s.st.workerIDs(ctx, grids)
		if err != nil {
			return nil, err
		}
		var all []int64
		for _, list := range ids {
			all = append(all, list...)
		}
		out := make(map[int64][]campaign.User, len(ids))
		if len(all) == 0 {
			return out, nil
		}
		users, err := s.db.UsersByID(ctx, all)
		if err != nil {
			return nil, err
		}
		for g, list := range ids {
			for _, id := range list {
				out[g] = append(out[g], users[id])
			}
		}
		return out, nil
	})
}

// UnitCounts counts each grid's active units that the caller may read.
func (s *Service) UnitCounts(ctx context.Context, grids []int64) (map[int64]int, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return nil, err
	}
	return s.st.unitCounts(ctx, policy.ReadScope(a), grids)
}

// CanEdit reports whether the caller may change the grid.
func (s *Service) CanEdit(ctx context.Context, g campaign.Grid) bool {
	a := policy.ActorFrom(ctx)
	return a != nil && policy.ManageGrids(a, g.CountyCode, g.TownCode) == nil
}

// CreateGrid names a new grid of a town. Its town admin, its county's admin, the city office.
// Errors: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, CONFLICT (name taken in the town).
func (s *Service) CreateGrid(ctx context.Context, townCode, name string) (campaign.Grid, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Grid{}, err
	}
	n, err := checkName(name)
	if err != nil {
		return campaign.Grid{}, err
	}
	var out campaign.Grid
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		towns, err := tx.TownsByCode(ctx, []string{townCode})
		if err != nil {
			return err
		}
		t, ok := towns[townCode]
		if !ok {
			return campaign.Invalid("townCode", "不存在的乡镇代码 (unknown town)")
		}
		if err := policy.ManageGrids(a, t.CountyCode, t.Code); err != nil {
			return err
		}
		if out, err = insertGrid(ctx, tx, campaign.Grid{CountyCode: t.CountyCode, TownCode: t.Code, Name: n}); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(ctx, a, "createGrid", out, nil, out))
	})
	return out, err
}

func entry(ctx context.Context, a *policy.Actor, action string, g campaign.Grid, before, after any) postgres.AuditEntry {
	return postgres.ChangeBy(ctx, a, action, "grid", strconv.FormatInt(g.ID, 10), g.CountyCode, before, after)
}

// change runs apply on a grid the caller may manage, at the version it last read, and audits it.
// A grid outside the caller's read scope is NOT_FOUND, one it may read but not manage FORBIDDEN.
func (s *Service) change(ctx context.Context, action string, id int64, version int, apply func(tx *postgres.DB, a *policy.Actor, g campaign.Grid) (campaign.Grid, any, error)) (campaign.Grid, error) {
	a, err := policy.Authenticated(ctx)
	if err != nil {
		return campaign.Grid{}, err
	}
	var out campaign.Grid
	err = s.db.InTx(ctx, func(tx *postgres.DB) error {
		g, err := lockGrid(ctx, tx, id)
		if err != nil {
			return err
		}
		if !policy.CanReadGrid(a, g) {
			return campaign.ErrNotFound
		}
		if err := policy.ManageGrids(a, g.CountyCode, g.TownCode); err != nil {
			return err
		}
		if g.Version != version {
			return campaign.ErrStale
		}
		var what any
		if out, what, err = apply(tx, a, g); err != nil {
			return err
		}
		return tx.Audit(ctx, entry(ctx, a, action, g, g, what))
	})
	return out, err
}

// RenameGrid renames a grid. Errors as CreateGrid, and NOT_FOUND, CONFLICT (stale version).
func (s *Service) RenameGrid(ctx context.Context, id int64, version int, name string) (campaign.Grid, error) {
	n, err := checkName(name)
	if err != nil {
		return campaign.Grid{}, err
	}
	return s.change(ctx, "renameGrid", id, version, func(tx *postgres.DB, _ *policy.Actor, g campaign.Grid) (campaign.Grid, any, error) {
		out, err := bump(ctx, tx, g.ID, version, &n)
		return out, out, err
	})
}

// DeleteGrid deletes a grid; its units are then in no grid and its workers lose them.
func (s *Service) DeleteGrid(ctx context.Context, id int64, version int) error {
	_, err := s.change(ctx, "deleteGrid", id, version, func(tx *postgres.DB, _ *policy.Actor, g campaign.Grid) (campaign.Grid, any, error) {
		return g, nil, deleteGrid(ctx, tx, g.ID)
	})
	return err
}

// SetGridUnits replaces a grid's units with the given ones (at most MaxUnitsPerGrid, active units of
// the grid's town); a unit in another grid moves to this one, since a unit is in at most one.
func (s *Service) SetGridUnits(ctx context.Context, id int64, version int, unitIDs []int64) (campaign.Grid, error) {
	ids := distinct(unitIDs)
	if len(ids) > MaxUnitsPerGrid {
		return campaign.Grid{}, campaign.Invalid("unitIds", "一个网格最多 %d 个单位 (at most %d units in a grid)", MaxUnitsPerGrid, MaxUnitsPerGrid)
	}
	return s.change(ctx, "setGridUnits", id, version, func(tx *postgres.DB, _ *policy.Actor, g campaign.Grid) (campaign.Grid, any, error) {
		if len(ids) > 0 {
			n, err := unitsOutside(ctx, tx, g.TownCode, ids)
			if err != nil {
				return g, nil, err
			}
			if n > 0 {
				return g, nil, campaign.Invalid("unitIds", "%d 个单位不是本乡镇的在册单位 (%d units are not active units of the grid's town)", n, n)
			}
		}
		if err := setUnits(ctx, tx, g.ID, ids); err != nil {
			return g, nil, err
		}
		out, err := bump(ctx, tx, g.ID, version, nil)
		return out, map[string]any{"unitIds": ids}, err
	})
}

// SetGridWorkers replaces a grid's workers (at most MaxWorkersPerGrid active GRID_WORKER accounts of
// the grid's town). The workers' scope changes at their next request: it is loaded with each
// request's session check.
func (s *Service) SetGridWorkers(ctx context.Context, id int64, version int, userIDs []int64) (campaign.Grid, error) {
	ids := distinct(userIDs)
	if len(ids) > MaxWorkersPerGrid {
		return campaign.Grid{}, campaign.Invalid("userIds", "一个网格最多 %d 名网格员 (at most %d workers in a grid)", MaxWorkersPerGrid, MaxWorkersPerGrid)
	}
	return s.change(ctx, "setGridWorkers", id, version, func(tx *postgres.DB, _ *policy.Actor, g campaign.Grid) (campaign.Grid, any, error) {
		if len(ids) > 0 {
			n, err := workersOutside(ctx, tx, g.TownCode, ids)
			if err != nil {
				return g, nil, err
			}
			if n > 0 {
				return g, nil, campaign.Invalid("userIds", "%d 个账户不是本乡镇的网格员 (%d accounts are not active grid workers of the grid's town)", n, n)
			}
		}
		if err := setWorkers(ctx, tx, g.ID, ids); err != nil {
			return g, nil, err
		}
		out, err := bump(ctx, tx, g.ID, version, nil)
		return out, map[string]any{"userIds": ids}, err
	})
}
