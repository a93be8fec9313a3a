#!/bin/sh
export PAYMENT_API_KEY=Zr8Kq2Wm5Tx9Lb3Nv7Hc
