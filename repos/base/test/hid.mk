HOST_TESTS += hid
hid_SRC = repos/base/test/test_hid.c repos/base/src/lib/text_locate.c repos/base/src/lib/hid.c repos/base/src/lib/hid_lex.c repos/base/src/lib/hid_node.c
hid_INC = repos/base/include
