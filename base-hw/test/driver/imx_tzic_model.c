/*
 * i.MX53 TZIC model (imx_tzic_model.h).
 */
#include <string.h>
#include <driver/imx_tzic.h>
#include "imx_tzic_model.h"

static bool pending(const struct imx_tzic_model *m, unsigned line)
{
	unsigned w   = line / 32;
	uint32_t bit = 1u << (line % 32);
	return (m->enabled[w] & bit) && ((m->raised[w] | m->software[w]) & bit);
}

static bool forwarded(const struct imx_tzic_model *m, unsigned line)
{
	return pending(m, line) && m->priority[line] < m->priomask;
}

static bool secure(const struct imx_tzic_model *m, unsigned line)
{
	return !(m->intsec[line / 32] & (1u << (line % 32)));
}

/* Word w of PND, or of HIPND: the forwarded lines of the lowest priority value */
static uint32_t pending_word(const struct imx_tzic_model *m, unsigned w, bool highest)
{
	unsigned best = 256;
	uint32_t word = 0;

	for (unsigned line = 0; highest && line < IMX_TZIC_LINES; line++)
		if (forwarded(m, line) && m->priority[line] < best)
			best = m->priority[line];
	for (unsigned i = 0; i < 32; i++) {
		unsigned line = w * 32 + i;
		if (highest ? forwarded(m, line) && m->priority[line] == best : pending(m, line))
			word |= 1u << i;
	}
	return word;
}

static bool output(const struct imx_tzic_model *m, bool fiq)
{
	if (!(m->intctrl & IMX_TZIC_INTCTRL_EN))
		return false;
	if (!fiq && !(m->intctrl & IMX_TZIC_INTCTRL_NSEN))
		return false;
	for (unsigned line = 0; line < IMX_TZIC_LINES; line++)
		if (forwarded(m, line) && secure(m, line) == fiq)
			return true;
	return false;
}

bool imx_tzic_model_irq(const struct imx_tzic_model *m) { return output(m, false); }
bool imx_tzic_model_fiq(const struct imx_tzic_model *m) { return output(m, true); }

void imx_tzic_model_raise(struct imx_tzic_model *m, unsigned line, bool level)
{
	if (level)
		m->raised[line / 32] |= 1u << (line % 32);
	else
		m->raised[line / 32] &= ~(1u << (line % 32));
}

/* Offset within one of the 4-word banks starting at `bank`, or -1 */
static int word_of(uint32_t offset, uint32_t bank)
{
	return offset >= bank && offset < bank + 16 ? (int)(offset - bank) / 4 : -1;
}

static uint32_t tzic_read(void *state, uint32_t offset)
{
	struct imx_tzic_model *m = state;
	int w;

	if (offset == IMX_TZIC_INTCTRL)
		return m->intctrl;
	if (offset == IMX_TZIC_PRIOMASK)
		return m->priomask;
	if (offset == IMX_TZIC_SYNCCTRL)
		return m->syncctrl;
	if ((w = word_of(offset, IMX_TZIC_INTSEC)) >= 0)
		return m->intsec[w];
	if ((w = word_of(offset, IMX_TZIC_ENSET)) >= 0 ||
	    (w = word_of(offset, IMX_TZIC_ENCLEAR)) >= 0)
		return m->enabled[w];
	if ((w = word_of(offset, IMX_TZIC_SRCSET)) >= 0 ||
	    (w = word_of(offset, IMX_TZIC_SRCCLEAR)) >= 0)
		return m->software[w];
	if (offset >= IMX_TZIC_PRIORITY && offset < IMX_TZIC_PRIORITY + IMX_TZIC_LINES) {
		uint32_t v;
		memcpy(&v, &m->priority[offset - IMX_TZIC_PRIORITY], 4); /* line n in byte n % 4 */
		return v;
	}
	if ((w = word_of(offset, IMX_TZIC_PND)) >= 0)
		return pending_word(m, (unsigned)w, false);
	if ((w = word_of(offset, IMX_TZIC_HIPND)) >= 0)
		return pending_word(m, (unsigned)w, true);
	return 0;
}

static void tzic_write(void *state, uint32_t offset, uint32_t value)
{
	struct imx_tzic_model *m = state;
	int w;

	if (offset == IMX_TZIC_INTCTRL) {
		uint32_t nsen = value & IMX_TZIC_INTCTRL_NSEN_MASK
				    ? value & IMX_TZIC_INTCTRL_NSEN
				    : m->intctrl & IMX_TZIC_INTCTRL_NSEN;
		m->intctrl    = (value & IMX_TZIC_INTCTRL_EN) | nsen;
	} else if (offset == IMX_TZIC_PRIOMASK)
		m->priomask = value & 0xff;
	else if (offset == IMX_TZIC_SYNCCTRL)
		m->syncctrl = value & 3;
	else if ((w = word_of(offset, IMX_TZIC_INTSEC)) >= 0)
		m->intsec[w] = value;
	else if ((w = word_of(offset, IMX_TZIC_ENSET)) >= 0)
		m->enabled[w] |= value;
	else if ((w = word_of(offset, IMX_TZIC_ENCLEAR)) >= 0)
		m->enabled[w] &= ~value;
	else if ((w = word_of(offset, IMX_TZIC_SRCSET)) >= 0)
		m->software[w] |= value;
	else if ((w = word_of(offset, IMX_TZIC_SRCCLEAR)) >= 0)
		m->software[w] &= ~value;
	else if (offset >= IMX_TZIC_PRIORITY && offset < IMX_TZIC_PRIORITY + IMX_TZIC_LINES)
		memcpy(&m->priority[offset - IMX_TZIC_PRIORITY], &value, 4);
	else if (offset == IMX_TZIC_SWINT) {
		unsigned line = value & (IMX_TZIC_LINES - 1);
		if (value & (1u << 31)) /* INTNEG */
			m->software[line / 32] &= ~(1u << (line % 32));
		else
			m->software[line / 32] |= 1u << (line % 32);
	}
}

void imx_tzic_model_init(struct imx_tzic_model *m, uintptr_t base)
{
	*m = (struct imx_tzic_model){ 0 };
	mmio_model_attach(&(struct mmio_model){ base, 0x4000, m, tzic_read, tzic_write });
}
