from referral_desk.cli import main

raise SystemExit(main())
