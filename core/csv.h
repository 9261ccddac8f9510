/*
 * csv.h: a streaming RFC 4180 reader.
 *
 * Reads fields separated by a delimiter (',' by default), quoted with '"'
 * (a doubled quote inside quotes is one quote; quoted fields may hold
 * delimiters and newlines), rows ended by CR, LF or CRLF, an optional
 * UTF-8 byte-order mark at the start. Memory stays bounded by the longest
 * row, whatever the file size.
 *
 * Each row's fields point into storage owned by the reader that stays valid
 * until the next csv_read() or csv_close(). Fields are NUL-terminated and
 * also carry their length (they may contain NUL bytes from a hostile file).
 *
 * Errors ("FILE:LINE:COL: what is wrong") are about malformed quoting (a
 * quote inside an unquoted field is accepted as data; text after a closing
 * quote, or end of file inside quotes, is an error) and rows longer than
 * CSV_MAX_ROW bytes. After an error the reader skips to the next line and
 * can go on.
 */
#ifndef CIB_CSV_H
#define CIB_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CSV_MAX_ROW	(16 * 1024 * 1024)

struct csv_reader;

struct csv_row {
	size_t		  n;		/* number of fields */
	char		**field;	/* NUL-terminated */
	size_t		 *len;		/* byte lengths */
	int64_t		  line;		/* 1-based line the row starts on */
};

/* Open path ("-" for standard input). delim is ',' or another byte. */
struct csv_reader *csv_open(const char *path, char delim, char **cause);
/* Read from an open stream; name is used in messages. Does not close fp. */
struct csv_reader *csv_open_stream(FILE *fp, const char *name, char delim);
/* 1: a row in *row; 0: end of file; -1: a malformed row (*cause set,
 * the reader has moved past it). */
int		   csv_read(struct csv_reader *, struct csv_row *row,
		       char **cause);
/* Bytes consumed so far and the file's size (0 if unknown): progress. */
uint64_t	   csv_offset(struct csv_reader *);
uint64_t	   csv_size(struct csv_reader *);
const char	  *csv_name(struct csv_reader *);
void		   csv_close(struct csv_reader *);

#endif
