#
# Host tests of the i.MX drivers (base-hw/src/driver/imx_*.h) against
# register-level models of the devices (base-hw/test/driver/imx_*_model.c).
# base-hw/test/driver/include comes first: its driver/mmio.h routes register
# accesses to the models (mmio_model.c).
#
imx_driver_tests := imx_uart imx_epit imx_tzic

HOST_TESTS += $(imx_driver_tests)
$(foreach t,$(imx_driver_tests),\
	$(eval $(t)_SRC := base-hw/test/test_$(t).c base-hw/test/driver/$(t)_model.c \
	                   base-hw/test/driver/mmio_model.c)\
	$(eval $(t)_INC := base-hw/test/driver/include base-hw/src base-hw/test))
