from vllmci.cli import main

raise SystemExit(main())
