HOST_TESTS += session_args
session_args_SRC = repos/base/test/test_session_args.c repos/base/src/lib/session_args.c repos/base/src/lib/size.c
session_args_INC = repos/base/include
