#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run one scenario with the helper library loaded. Separate from init so
# that a scenario's 'exit' ends the scenario, not PID 1.

. /ndrv/lib.sh
NDRV_TEST=$1
. "/ndrv/scenarios/$1.sh"
