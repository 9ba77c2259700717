package wsutf8

func archPaths() []validPath { return nil }
