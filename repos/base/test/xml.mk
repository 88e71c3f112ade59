HOST_TESTS += xml
xml_SRC = repos/base/test/test_xml.c repos/base/src/lib/text_locate.c repos/base/src/lib/xml.c repos/base/src/lib/xml_node.c repos/base/src/lib/size.c
xml_INC = repos/base/include
