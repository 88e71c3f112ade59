HOST_TESTS += frame_map
frame_map_SRC = core/test/test_frame_map.c core/src/frame_map.c
frame_map_INC = core/include
