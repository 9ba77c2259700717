// Package fuzz holds the module's cross-package fuzz targets.
package fuzz
