/* Board contract: the kernel's debug console. */
#pragma once

void board_uart_write(const char *s, unsigned n);
