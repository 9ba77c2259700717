module github.com/wscodec/wscodec

go 1.23
