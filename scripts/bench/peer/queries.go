package main

// The same logical requests for both servers. PostGraphile's names are its Amber preset's; the
// aliases only make the two answers comparable field by field. canEdit has no counterpart there
// (PostGraphile does no authorization here) and is left out of the units page.

const goUnitsPage = `query UnitsPage($first: Int!, $after: String, $year: Int!) {
  units(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id name address creditCode principalName principalPhone cityLevel enrolledOn archived version
        county { name }
        town { name }
        sector { name }
        category { name targetGroup }
        safetyOfficers { name phone }
        openHazardCount
        incidentCount(year: $year)
        zeroAccident(year: $year)
        blacklisted
      }
    }
  }
}`

const pglUnitsPage = `query UnitsPage($first: Int!, $after: Cursor, $year: Int!) {
  units: allUnits(first: $first, after: $after, condition: {archivedOn: null}, orderBy: [NAME_ASC, ROW_ID_ASC]) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id: rowId name address creditCode principalName principalPhone cityLevel enrolledOn archived version
        county: countyByCountyCode { name }
        town: townByTownCodeAndCountyCode { name }
        sector: sectorBySectorNumber { name }
        category: unitCategoryByCategoryCode { name targetGroup }
        safetyOfficers: safetyOfficersByUnitId(orderBy: [POSITION_ASC]) { nodes { name phone } }
        openHazardCount
        incidentCount(year: $year)
        zeroAccident(year: $year)
        blacklisted
      }
    }
  }
}`

const goUnit = `query UnitLite($id: ID!) {
  unit(id: $id) {
    id name address creditCode principalName principalPhone cityLevel enrolledOn archivedOn version
    county { code name }
    town { code name }
    sector { number name }
    category { code name targetGroup }
    safetyOfficers { id name phone fullTime }
    inspections(first: 20) {
      edges {
        node {
          id inspectedOn kind inspectorName inspectingBody summary
          hazards { id level state description category foundOn deadline responsiblePerson rectificationPlan closedOn version }
        }
      }
    }
  }
}`

const pglUnit = `query UnitLite($id: BigInt!) {
  unit: unitByRowId(rowId: $id) {
    id: rowId name address creditCode principalName principalPhone cityLevel enrolledOn archivedOn version
    county: countyByCountyCode { code name }
    town: townByTownCodeAndCountyCode { code name }
    sector: sectorBySectorNumber { number name }
    category: unitCategoryByCategoryCode { code name targetGroup }
    safetyOfficers: safetyOfficersByUnitId(orderBy: [POSITION_ASC]) { nodes { id: rowId name phone fullTime } }
    inspections: inspectionsByUnitId(first: 20, orderBy: [INSPECTED_ON_DESC, ROW_ID_DESC]) {
      edges {
        node {
          id: rowId inspectedOn kind inspectorName inspectingBody summary
          hazards: hazardsByInspectionId(orderBy: [ROW_ID_ASC]) {
            nodes { id: rowId level state description category foundOn deadline responsiblePerson rectificationPlan closedOn version }
          }
        }
      }
    }
  }
}`

const goCounties = `{ counties { code name unitCount } }`

const pglCounties = `{ counties: allCounties(orderBy: [CODE_ASC]) { nodes { code name unitCount: unitsByCountyCode(condition: {archivedOn: null}) { totalCount } } } }`

const typename = `{ __typename }`

// request is one GraphQL body for each server.
type request struct{ goBody, pglBody []byte }

// kind is one logical request of the comparison, with its variants (Q3: many units).
type kind struct {
	id, title string
	variants  []request
}
