module github.com/sgan-dev/sgan

go 1.26

require github.com/wangkuiyi/gotorch v0.0.0-20201028015551-9afed2f3ad7b

require github.com/stretchr/testify v1.12.1 // indirect
