import type { UnitProfileFragment } from '../../../graphql/generated/graphql';

/** What each of the unit page's working-cycle tabs gets. */
export interface UnitTabProps {
  unit: UnitProfileFragment;
  /** Bumped after any change on the page: a tab reloads its list. */
  refreshKey: number;
  /** Tells the page something changed (it reloads the unit and bumps refreshKey). */
  onChanged: () => void;
}
