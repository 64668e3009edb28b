# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (not a test of speed): 64-byte UDP packets/s through a guarded 8139cp with virtual interrupt disabling on, then off (ndriver.virq), same boot; and how many disables were virtual
# nics: rtl8139,e1000
# smp: 1
# timeout: 180
# rotate: bench
# expect: pass
# exclusive: yes

ndrv_need_fine_clock
ndrv_need_cmd /ndrv/bin/udpflood
[ -r "$NDRV_DEBUGFS/virq" ] ||
	ndrv_skip "no $NDRV_DEBUGFS/virq: the kernel has no CONFIG_NDRIVER_VIRQ"
param=/sys/module/ndriver/parameters/virq
[ "$(cat $param)" = Y ] || ndrv_skip "booted with ndriver.virq=0"

ndrv_net_pair 8139cp
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "8139cp is not guarded"
before=$(sed -n 's/^disables //p' "$NDRV_DEBUGFS/virq")
on=$(ndrv_udp_pps 5)
after=$(sed -n 's/^disables //p' "$NDRV_DEBUGFS/virq")
[ "$after" -gt "$before" ] ||
	ndrv_fail "8139cp disabled interrupts virtually $((after - before)) times during the flood: it was not built with NDRIVER_VIRQ"
echo N >$param
off=$(ndrv_udp_pps 5)
echo Y >$param
[ "$off" -gt 0 ] || ndrv_fail "no packets got through with ndriver.virq=0"
ndrv_metric udp64-pps-virq-on "$on" pkt/s
ndrv_metric udp64-pps-virq-off "$off" pkt/s
ndrv_metric udp64-pps-virq-ratio "$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')" on/off
ndrv_metric virq-disables-per-packet "$(awk -v d="$((after - before))" -v p="$on" 'BEGIN { printf "%.1f", d / (p * 5) }')" disables/pkt
ndrv_pass "guarded 8139cp: $on pkt/s with virtual interrupt disabling, $off without"
