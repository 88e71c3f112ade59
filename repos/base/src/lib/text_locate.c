/*
 * Positions in a text (see text_locate.h).
 */
#include "text_locate.h"

void text_locate(const char *d, size_t pos, unsigned *line, unsigned *column)
{
	*line   = 1;
	*column = 1;
	for (size_t i = 0; i < pos; i++) {
		if (d[i] == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}
