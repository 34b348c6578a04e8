Console.WriteLine("Foundations.Bench (work in progress)");
