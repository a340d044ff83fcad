/* SPDX-License-Identifier: MIT */
/* File-system helpers shared by the runner's parts. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
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

int lt_write_atomic(const char *path, const char *text, size_t n, bool durable,
		    char *why, size_t len)
{
	struct lt_buf tmp = LT_BUF_INIT;
	int fd, rc = -1;
	bool ok;

	lt_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(why, len, "%s: %s", tmp.s, strerror(errno));
		goto out;
	}
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, text + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(why, len, "%s: %s", tmp.s, strerror(w < 0 ? errno : EIO));
			close(fd);
			unlink(tmp.s);
			goto out;
		}
		off += (size_t)w;
	}
	ok = !durable || fsync(fd) == 0;
	if (close(fd) < 0)
		ok = false;
	if (!ok) {
		snprintf(why, len, "%s: %s", tmp.s, strerror(errno));
		unlink(tmp.s);
		goto out;
	}
	if (rename(tmp.s, path) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		unlink(tmp.s);
		goto out;
	}
	rc = 0;
out:
	lt_buf_free(&tmp);
	return rc;
}
