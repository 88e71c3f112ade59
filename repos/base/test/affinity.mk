HOST_TESTS += affinity
affinity_SRC = repos/base/test/test_affinity.c repos/base/src/lib/affinity.c repos/base/src/lib/text_locate.c \
               repos/base/src/lib/node.c repos/base/src/lib/xml.c repos/base/src/lib/xml_node.c \
               repos/base/src/lib/hid.c repos/base/src/lib/hid_lex.c repos/base/src/lib/hid_node.c \
               repos/base/src/lib/size.c
affinity_INC = repos/base/include
