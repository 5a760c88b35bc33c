// Package campaign holds the domain of the zero-accident campaign: its types, the error type every
// layer speaks, and the plain rules of the plan (severity classes, the hazard loop, the
// zero-accident year, credit-code and phone checks). It imports neither gorm nor gqlgen.
package campaign
