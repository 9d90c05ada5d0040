//go:build unix

package tokencache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// refused checks that Open(dir) fails with a *PermError naming path and
// saying fix, and changes no mode.
func refused(t *testing.T, dir, path, fix string) {
	t.Helper()
	before := mode(t, path)
	_, err := Open(dir)
	var pe *PermError
	if !errors.As(err, &pe) || pe.Path != path || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), fix) {
		t.Errorf("Open(%s) = %v; want a *PermError naming %s and saying %q", dir, err, path, fix)
	}
	if after := mode(t, path); after != before {
		t.Errorf("Open changed the mode of %s from %v to %v", path, before, after)
	}
}

func TestOpenCreatesDir0700(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "home", ".cache", "tokens")
	open(t, dir)
	if m := mode(t, dir); m != 0o700 {
		t.Errorf("new cache directory has mode %v, want 0700", m)
	}
}

func TestOpenRefusesDirOthersCanWrite(t *testing.T) {
	for _, m := range []fs.FileMode{0o770, 0o720, 0o702, 0o777} {
		dir := t.TempDir()
		if err := os.Chmod(dir, m); err != nil {
			t.Fatal(err)
		}
		refused(t, dir, dir, "chmod go-w")
		if _, err := os.Stat(filepath.Join(dir, keyFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("mode %v: a key file was written to a refused directory (%v)", m, err)
		}
	}
	for _, m := range []fs.FileMode{0o755, 0o750, 0o700} {
		dir := t.TempDir()
		if err := os.Chmod(dir, m); err != nil {
			t.Fatal(err)
		}
		open(t, dir)
		if got := mode(t, dir); got != m {
			t.Errorf("Open changed the mode of a readable directory from %v to %v", m, got)
		}
	}
}

func TestOpenRefusesDirOfAnotherUser(t *testing.T) {
	dir := t.TempDir()
	mine := owner
	t.Cleanup(func() { owner = mine })
	owner = func(fi fs.FileInfo) int {
		if fi.IsDir() {
			return os.Getuid() + 1
		}
		return mine(fi)
	}
	refused(t, dir, dir, "choose a directory of your own")
}

func TestOpenRefusesKeyFileOthersCanRead(t *testing.T) {
	dir := t.TempDir()
	open(t, dir)
	key := filepath.Join(dir, keyFile)
	if err := os.Chmod(key, 0o640); err != nil {
		t.Fatal(err)
	}
	refused(t, dir, key, "chmod 600")
	if err := os.Chmod(key, 0o600); err != nil {
		t.Fatal(err)
	}
	mine := owner
	t.Cleanup(func() { owner = mine })
	owner = func(fs.FileInfo) int { return os.Getuid() + 1 }
	refused(t, dir, dir, "choose a directory of your own")
	owner = func(fi fs.FileInfo) int {
		if fi.IsDir() {
			return mine(fi)
		}
		return os.Getuid() + 1
	}
	refused(t, dir, key, "remove it")
}
