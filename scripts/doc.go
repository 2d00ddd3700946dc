// Package scripts holds the project's shell scripts; its tests run
// setup.sh's failure paths (bad LIBTORCH, no root, no compiler), which must
// each end in one line saying what is missing and how to fix it.
package scripts
