package postgres

import (
	"time"

	"zeroaccident/server/campaign"
)

type unitRow struct {
	ID           int64 `gorm:"primaryKey"`
	Name         string
	CategoryCode string
	SectorNumber int
	CountyCode   string
	TownCode     string
	// written only by the grids store (setGridUnits), never by a register edit
	GridID         *int64 `gorm:"->"`
	DivisionCode   *string
	Address        string
	Longitude      *float64
	Latitude       *float64
	CreditCode     *string
	PrincipalName  string
	PrincipalPhone string
	CityLevel      bool
	EnrolledOn     time.Time  `gorm:"type:date"`
	ArchivedOn     *time.Time `gorm:"type:date"`
	CreatedAt      time.Time  `gorm:"default:now()"`
	UpdatedAt      time.Time  `gorm:"default:now()"`
	Version        int        `gorm:"default:1"`
}

func (unitRow) TableName() string { return "units" }

func toUnitRow(u campaign.Unit) unitRow {
	return unitRow{
		ID: u.ID, Name: u.Name, CategoryCode: u.CategoryCode, SectorNumber: u.SectorNumber,
		CountyCode: u.CountyCode, TownCode: u.TownCode, DivisionCode: u.DivisionCode, Address: u.Address,
		Longitude: u.Longitude, Latitude: u.Latitude, CreditCode: u.CreditCode,
		PrincipalName: u.PrincipalName, PrincipalPhone: u.PrincipalPhone, CityLevel: u.CityLevel,
		EnrolledOn: u.EnrolledOn, ArchivedOn: u.ArchivedOn, Version: u.Version,
	}
}

func toUnit(r unitRow) campaign.Unit {
	return campaign.Unit{
		ID: r.ID, Name: r.Name, CategoryCode: r.CategoryCode, SectorNumber: r.SectorNumber,
		CountyCode: r.CountyCode, TownCode: r.TownCode, GridID: r.GridID, DivisionCode: r.DivisionCode, Address: r.Address,
		Longitude: r.Longitude, Latitude: r.Latitude, CreditCode: r.CreditCode,
		PrincipalName: r.PrincipalName, PrincipalPhone: r.PrincipalPhone, CityLevel: r.CityLevel,
		EnrolledOn: r.EnrolledOn, ArchivedOn: r.ArchivedOn, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Version: r.Version,
	}
}
