# SPDX-License-Identifier: GPL-2.0
# desc: 8139too (bind_cplus=1) drives QEMU's rtl8139; 50 MB of TCP to an e1000 peer arrive md5-identical, and the driver accounts its Tx bytes to BQL
# nics: rtl8139,e1000
# smp: 1
# timeout: 300
# expect: pass

ndrv_modprobe 8139too bind_cplus=1
ndrv_modprobe e1000
ndrv_net_setup 8139too e1000
sum=$(ndrv_make_data /tmp/data 50)
ndrv_check_transfer dut-to-peer dut peer "$NDRV_PEER_ADDR" /tmp/data "$sum" 5001
ndrv_check_bql dut "$DUT_IF"
# No bulk receive test: under QEMU's rtl8139 model, 8139too's receive path
# can wedge for good under a bulk TCP receive (see
# Documentation/testing.md, "Known emulation limits").
ndrv_pass "8139too: 50 MB sent md5-identical"
