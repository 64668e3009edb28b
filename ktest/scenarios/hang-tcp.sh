# SPDX-License-Identifier: GPL-2.0
# desc: the Figure 7 transfer across a hang: a 100 MB TCP transfer out of the guarded NIC survives a spin with interrupts off or a self-deadlock injected mid-transfer: md5-identical, no reset, the interface unchanged (recover-tcp's checks)
# nics: rtl8139,e1000
# matrix: NIC=8139too,e1000 TYPE=loop-irqoff,deadlock ENTRY=xmit,poll
# smp: 2
# timeout: 420
# expect: pass
# slices: 3

. /ndrv/scenarios/recover-tcp.sh
