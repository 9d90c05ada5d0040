//go:build !unix

package tokencache

import "io/fs"

// checkDir accepts any directory: on Windows the ACL of the user's profile,
// where the cache is meant to be, keeps other users out.
func checkDir(string, fs.FileInfo) error { return nil }

// checkKeyFile accepts any key file, as checkDir any directory.
func checkKeyFile(string, fs.FileInfo) error { return nil }
