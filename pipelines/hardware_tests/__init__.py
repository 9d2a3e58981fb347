"""Steps on other hardware: AMD, Intel, Arm, GH200, Ascend, CPU."""
