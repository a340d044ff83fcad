/* SPDX-License-Identifier: MIT */
/* File-system helpers shared by the runner's parts. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fs.h"

int lt_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return (mkdir(buf, 0755) < 0 && errno != EEXIST) ? -1 : 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* FTW_DEPTH: a directory comes after what it holds. */
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

int lt_remove_tree(const char *path)
{
	/* FTW_PHYS: a link is removed, never followed. */
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 ? -1 : 0;
}

int lt_private_dir(const char *path, bool create, char *why, size_t len)
{
	struct stat st;

	if (create && mkdir(path, 0700) < 0 && errno != EEXIST) {
		snprintf(why, len, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	if (lstat(path, &st) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "%s is not a directory (a symbolic link or other file "
			 "stands there); refusing to use it", path);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		snprintf(why, len, "%s belongs to uid %ld, not to this user (uid %ld); "
			 "refusing to use it", path, (long)st.st_uid, (long)geteuid());
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, len, "%s is writable by other users (mode %03o); refusing "
			 "to use it", path, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	return 0;
}

char *lt_read_file(const char *path)
{
	struct lt_buf b = LT_BUF_INIT;
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lt_buf_putn(&b, chunk, n);
	/* A read error is no file, not the part read before it. */
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		lt_buf_free(&b);
		errno = e;
		return NULL;
	}
	fclose(f);
	return b.s ? lt_buf_steal(&b) : lt_xstrdup("");
}

static int write_all(int fd, const char *data, size_t n)
{
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* The permissions a plain open(..., mode) would have given. */
static mode_t umasked(mode_t mode)
{
	mode_t mask = umask(022);

	umask(mask);
	return mode & ~mask;
}

/*
 * Replace the regular file (or nothing) at path: a fresh temporary sibling
 * (mkstemp: O_CREAT|O_EXCL, so a link planted at its name is never written
 * through), filled, synced (unless not sync), then renamed over path, so
 * that a reader sees the old file or the new one, never half of one.
 */
static int replace_file(const char *path, const char *data, size_t n, mode_t mode,
			bool sync, char *why, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd, rc = -1;

	if (!tmp) {
		snprintf(why, len, "%s: out of memory", path);
		return -1;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "cannot create a temporary file beside %s: %s", path,
			 strerror(errno));
		goto out;
	}
	if (fchmod(fd, umasked(mode)) < 0 || write_all(fd, data, n) < 0 ||
	    (sync && fsync(fd) < 0)) {
		snprintf(why, len, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) < 0) {
		snprintf(why, len, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

int lt_write_file(const char *path, const char *data, size_t n, mode_t mode,
		  char *why, size_t len)
{
	struct stat st;
	char real[PATH_MAX];
	bool sync = !(mode & LT_WRITE_NOSYNC);
	int fd;

	mode &= ~(mode_t)LT_WRITE_NOSYNC;
	if (!strcmp(path, "-")) {
		/* After whatever stdio still holds for stdout. */
		if (fflush(stdout) == EOF || write_all(STDOUT_FILENO, data, n) < 0) {
			snprintf(why, len, "stdout: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (stat(path, &st) < 0 || S_ISREG(st.st_mode)) {
		/*
		 * Nothing there, or a regular file (perhaps behind a link):
		 * replace the file itself, so a link the user made still
		 * points at the new contents.
		 */
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, real))
			path = real;
		return replace_file(path, data, n, mode, sync, why, len);
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, len, "%s is a directory", path);
		return -1;
	}
	/* A FIFO, /dev/null, a terminal: written to, never replaced. */
	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || write_all(fd, data, n) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
