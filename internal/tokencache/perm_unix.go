//go:build unix

package tokencache

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// owner returns the user id that owns a file, -1 when unknown; tests replace
// it to play a directory of another user.
var owner = func(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}

// checkDir accepts a cache directory of the current user that neither group
// nor others can write to.
func checkDir(dir string, fi fs.FileInfo) error {
	switch {
	case owner(fi) != os.Getuid():
		return &PermError{Path: dir, Reason: fmt.Sprintf("it belongs to user id %d, not to you (%d)", owner(fi), os.Getuid()),
			Fix: "choose a directory of your own"}
	case fi.Mode().Perm()&0o022 != 0:
		return &PermError{Path: dir, Reason: fmt.Sprintf("group or others can write to it (mode %v)", fi.Mode().Perm()),
			Fix: fmt.Sprintf("run chmod go-w %q, or choose a directory of your own", dir)}
	}
	return nil
}

// checkKeyFile accepts a key file of the current user that only the user can
// read or write.
func checkKeyFile(path string, fi fs.FileInfo) error {
	switch {
	case owner(fi) != os.Getuid():
		return &PermError{Path: path, Reason: fmt.Sprintf("it belongs to user id %d, not to you (%d)", owner(fi), os.Getuid()),
			Fix: "remove it (the cached tokens go with it), or choose a directory of your own"}
	case fi.Mode().Perm()&0o077 != 0:
		return &PermError{Path: path, Reason: fmt.Sprintf("group or others can read or write it (mode %v)", fi.Mode().Perm()),
			Fix: fmt.Sprintf("remove it (the cached tokens go with it), or run chmod 600 %q", path)}
	}
	return nil
}
