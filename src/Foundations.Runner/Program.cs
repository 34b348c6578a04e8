Console.WriteLine("foundations: the notebook runner (work in progress)");
return 0;
