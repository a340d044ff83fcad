/* SPDX-License-Identifier: MIT */
/*
 * A bump allocator for jansson in a short command that builds large
 * documents and then exits (merge): allocating is a pointer increment,
 * freeing does nothing, and the end releases every block at once instead
 * of freeing millions of small objects one by one.
 */
#ifndef LT_ARENA_H
#define LT_ARENA_H

/*
 * Route jansson's allocations to the arena.  Call before the command
 * creates any JSON value: a value made before must not be released
 * after, nor one made after be released once lt_json_arena_end has run.
 */
void lt_json_arena_begin(void);

/*
 * New values from malloc again (to write a document: jansson hands out
 * strings the caller frees); the arena's values stay valid until
 * lt_json_arena_end, and must not be released (json_decref to zero).
 */
void lt_json_arena_hold(void);

/* Release the arena's memory: every JSON value made in it is gone. */
void lt_json_arena_end(void);

#endif /* LT_ARENA_H */
