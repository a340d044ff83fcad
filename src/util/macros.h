/* SPDX-License-Identifier: MIT */
/* Small macros used across the tool. */
#ifndef LT_UTIL_MACROS_H
#define LT_UTIL_MACROS_H

/* Elements of an array (an array, not a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* LT_UTIL_MACROS_H */
