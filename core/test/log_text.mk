HOST_TESTS += log_text
log_text_SRC = core/test/test_log_text.c core/src/log_text.c
log_text_INC = core/include
